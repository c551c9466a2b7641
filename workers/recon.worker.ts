// Thin entry point: exposes the recon service (simulate, align, reconstruct, metrics) over comlink; results,
// previews and file bytes are marked for transfer by the service through Comlink.transfer. No logic here.
import * as Comlink from 'comlink';
import { preserveErrorCodes } from '../src/jobs/comlinkErrors.ts';
import { createReconService } from '../src/jobs/reconService.ts';

preserveErrorCodes();
Comlink.expose(createReconService({ transfer: Comlink.transfer }));
