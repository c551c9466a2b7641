// WebGPU usage flags by value (they are fixed by the spec). Using these instead of the GPUBufferUsage
// globals lets modules load before Node's `webgpu` package has installed its globals.
export const BufferUsage = {
  MAP_READ: 0x1,
  COPY_SRC: 0x4,
  COPY_DST: 0x8,
  UNIFORM: 0x40,
  STORAGE: 0x80,
  QUERY_RESOLVE: 0x200,
} as const;

export const MapModeRead = 0x1;
