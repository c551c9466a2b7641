// Thin entry point: the orthoslice views' three.js renderer (src/render/orthoRenderService.ts) over comlink.
// The page transfers three OffscreenCanvases and the slice arrays; drawing and canvas commits happen here.
import * as Comlink from 'comlink';
import { createOrthoRenderService } from '../src/render/orthoRenderService.ts';

Comlink.expose(createOrthoRenderService());
