import { libraryConfig } from '../../tsup.library.ts';

export default libraryConfig;
