export { checkJupyterHubValues, type ValuesFile, type ValuesFinding } from './check-jupyterhub-values.js';
export {
  type JupyterHubValues,
  type JupyterHubValuesOptions,
  jupyterHubValues,
  valuesYaml,
} from './jupyterhub-values.js';
