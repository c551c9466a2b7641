// Thin entry point: the 3D box view's three.js renderer (src/render/boxRenderService.ts) over comlink.
// The page transfers one OffscreenCanvas and the three slices; drawing and canvas commits happen here.
import * as Comlink from 'comlink';
import { createBoxRenderService } from '../src/render/boxRenderService.ts';

Comlink.expose(createBoxRenderService());
