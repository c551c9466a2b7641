// WebGPU's global types (GPUDevice, GPUBufferUsage...) for every file under src/gpu. The package comes with
// `webgpu` (and tfjs); it is not listed in tsconfig "types" because core/io must not see GPU globals in use.
/// <reference types="@webgpu/types" />
