// Thin entry point: the orthoslice data service (thick slices, contrast statistics) over comlink.
import * as Comlink from 'comlink';
import { createOrthoDataService } from '../src/jobs/orthoDataService.ts';

Comlink.expose(createOrthoDataService(Comlink.transfer));
