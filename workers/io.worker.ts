// Thin entry point: exposes the io service over comlink, transferring section buffers. No logic here.
import * as Comlink from 'comlink';
import { createIoService } from '../src/jobs/ioService.ts';
import { preserveErrorCodes } from '../src/jobs/comlinkErrors.ts';
import type { IoApi } from '../src/jobs/types.ts';

preserveErrorCodes();
const service = createIoService();

const api: IoApi = {
  ...service,
  async readSection(datasetId, k, bin) {
    const section = await service.readSection(datasetId, k, bin);
    return Comlink.transfer(section, [section.data.buffer]);
  },
};

Comlink.expose(api);
