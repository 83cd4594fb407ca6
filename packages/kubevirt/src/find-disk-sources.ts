import { type Document, isMap, isSeq, type YAMLMap } from 'yaml';

export type YamlPath = readonly (string | number)[];

/** A place in a document that names an image to pull. */
export interface DiskSource {
  /** containerDisk and kernelBoot are pulled by kubelet; registry by CDI's importer. */
  type: 'containerDisk' | 'kernelBoot' | 'registry';
  /** Path to the map that holds `image` (or `url`) and where the reference goes. */
  path: YamlPath;
  map: YAMLMap;
}

/** A template one level off where KubeVirt or CDI reads it: what is wrong, and where. */
export interface MisnestedTemplate {
  path: YamlPath;
  /** The keys found where they do not belong, or empty when the nested spec is missing. */
  strayKeys: string[];
  /** What the template is: a VirtualMachineInstance template or a DataVolume template. */
  of: 'vmi' | 'dataVolume';
}

export interface DiskSources {
  sources: DiskSource[];
  misnested: MisnestedTemplate[];
}

const VMI_SPEC_KEYS = ['domain', 'volumes'];
const DATA_VOLUME_SPEC_KEYS = ['source', 'pvc', 'storage'];

/**
 * Every disk image a KubeVirt or CDI object pulls, by kind: a VirtualMachineInstance's volumes and
 * kernel boot container; the same in the templates of a VirtualMachine, VirtualMachineInstanceReplicaSet
 * and VirtualMachinePool; a VirtualMachine's dataVolumeTemplates; a DataVolume's and a DataImportCron's
 * registry source. Other kinds have none.
 */
export function findDiskSources(document: Document, kind: string): DiskSources {
  const found: DiskSources = { sources: [], misnested: [] };
  switch (kind) {
    case 'VirtualMachineInstance':
      vmiSpec(document, ['spec'], found);
      break;
    case 'VirtualMachine':
      vmSpec(document, ['spec'], found);
      break;
    case 'VirtualMachineInstanceReplicaSet':
      vmiTemplate(document, ['spec', 'template'], found);
      break;
    case 'VirtualMachinePool':
      vmSpec(document, ['spec', 'virtualMachineTemplate', 'spec'], found);
      break;
    case 'DataVolume':
      dataVolumeSpec(document, ['spec'], found);
      break;
    case 'DataImportCron':
      dataVolumeTemplate(document, ['spec', 'template'], found);
      break;
  }
  return found;
}

function mapAt(document: Document, path: YamlPath): YAMLMap | undefined {
  const node = document.getIn(path, true);
  return isMap(node) ? node : undefined;
}

function vmSpec(document: Document, path: YamlPath, found: DiskSources): void {
  vmiTemplate(document, [...path, 'template'], found);
  const templates = document.getIn([...path, 'dataVolumeTemplates'], true);
  if (!isSeq(templates)) return;
  templates.items.forEach((_, i) => {
    dataVolumeTemplate(document, [...path, 'dataVolumeTemplates', i], found);
  });
}

function vmiTemplate(document: Document, path: YamlPath, found: DiskSources): void {
  const template = mapAt(document, path);
  if (!template) return;
  const stray = VMI_SPEC_KEYS.filter((key) => template.has(key));
  if (stray.length > 0 || !isMap(template.get('spec', true))) {
    found.misnested.push({ path, strayKeys: stray, of: 'vmi' });
  }
  vmiSpec(document, [...path, 'spec'], found);
}

function vmiSpec(document: Document, path: YamlPath, found: DiskSources): void {
  const volumes = document.getIn([...path, 'volumes'], true);
  if (isSeq(volumes)) {
    volumes.items.forEach((_, i) => {
      const diskPath = [...path, 'volumes', i, 'containerDisk'];
      const map = mapAt(document, diskPath);
      if (map) found.sources.push({ type: 'containerDisk', path: diskPath, map });
    });
  }
  const kernelPath = [...path, 'domain', 'firmware', 'kernelBoot', 'container'];
  const kernel = mapAt(document, kernelPath);
  if (kernel) found.sources.push({ type: 'kernelBoot', path: kernelPath, map: kernel });
}

function dataVolumeTemplate(document: Document, path: YamlPath, found: DiskSources): void {
  const template = mapAt(document, path);
  if (!template) return;
  const stray = DATA_VOLUME_SPEC_KEYS.filter((key) => template.has(key));
  if (stray.length > 0 || !isMap(template.get('spec', true))) {
    found.misnested.push({ path, strayKeys: stray, of: 'dataVolume' });
  }
  dataVolumeSpec(document, [...path, 'spec'], found);
}

function dataVolumeSpec(document: Document, path: YamlPath, found: DiskSources): void {
  const registryPath = [...path, 'source', 'registry'];
  const map = mapAt(document, registryPath);
  if (map) found.sources.push({ type: 'registry', path: registryPath, map });
}

/** `spec.template.spec.volumes[0].containerDisk`, as kubectl explain and error messages write paths. */
export function formatPath(path: YamlPath): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}
