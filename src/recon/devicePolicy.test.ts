import { describe, expect, it } from 'vitest';
import { cpuDeviceName, planDevice } from './devicePolicy.ts';

describe('planDevice', () => {
  it('auto asks for a hardware adapter and falls back to the CPU', () => {
    expect(planDevice('auto')).toEqual({ gpu: true, rejectSoftware: true, cpuFallback: true });
  });
  it('gpu takes a software adapter too and has no fallback', () => {
    expect(planDevice('gpu')).toEqual({ gpu: true, rejectSoftware: false, cpuFallback: false });
  });
  it('cpu and reference never ask for a GPU', () => {
    expect(planDevice('cpu')).toEqual({ gpu: false });
    expect(planDevice('reference')).toEqual({ gpu: false });
  });
  it('names the CPU device with its thread count', () => {
    expect(cpuDeviceName(1)).toBe('cpu (1 thread)');
    expect(cpuDeviceName(8)).toBe('cpu (8 threads)');
  });
});
