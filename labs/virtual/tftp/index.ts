// The virtual lab's TFTP server (headquarters): what the lab's bring-up and tests import.
export type { TftpServer, TftpServerEvents, TftpServerOptions } from './server.ts';
export { startTftpServer } from './server.ts';
export type { TransferOutcome, TransferRecord } from './transfer-record.ts';
export type { TftpStore } from './stores/store.ts';
export type { MemoryStoreOptions } from './stores/memory-store.ts';
export { MemoryStore } from './stores/memory-store.ts';
export type { FirmwareFile } from './stores/firmware-store.ts';
export { FirmwareStore } from './stores/firmware-store.ts';
export { CompositeStore } from './stores/composite-store.ts';
export { firmwareBytes, firmwareSeed } from './stores/firmware-content.ts';
export type { ManifestFile, VirtualLabManifest } from './loads-manifest.ts';
export { buildVirtualLabManifest, readVirtualLabManifest } from './loads-manifest.ts';
export type { LoadToServe, PublishOptions, PublishedLoad } from './publish-loads.ts';
export { defaultManifestName, publishLoads } from './publish-loads.ts';
