// Thin entry point: the Fourier view's power spectra (src/jobs/fourierService.ts) over comlink.
import * as Comlink from 'comlink';
import { createFourierService } from '../src/jobs/fourierService.ts';

Comlink.expose(createFourierService(Comlink.transfer));
