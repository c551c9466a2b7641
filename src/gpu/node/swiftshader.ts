// Node only: route Dawn to Chromium's SwiftShader Vulkan driver on machines without a GPU (CI, tests).
// The loader reads VK_ICD_FILENAMES when Dawn creates its Vulkan instance, so setting it at run time works.
// LD_LIBRARY_PATH does not (glibc reads it at start-up), so libvulkan.so.1 is preloaded by absolute path:
// Dawn's later dlopen('libvulkan.so.1') then finds the already loaded library by its soname.

const CHROMIUM_DIR = '/usr/lib/chromium';
const RTLD_NOW = 2;
const RTLD_GLOBAL = 0x100;
const RTLD_NODELETE = 0x1000; // keeps the library mapped after Node rejects it as "not an addon"

interface NodeProcess {
  env: Record<string, string | undefined>;
  dlopen(module: { exports: unknown }, filename: string, flags?: number): void;
}

/** Returns '' when set up (or already set up by the environment), else why it could not be. */
export function setupChromiumSwiftShader(dir = CHROMIUM_DIR): string {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.dlopen) return 'not running in Node';
  proc.env.VK_ICD_FILENAMES ??= `${dir}/vk_swiftshader_icd.json`;
  try {
    proc.dlopen({ exports: {} }, `${dir}/libvulkan.so.1`, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // Node loads the library, then refuses it because it registers no module: that is the success case.
    if (!/did not self-register/.test(msg))
      return `cannot load ${dir}/libvulkan.so.1 (${msg.split('\n')[0]})`;
  }
  return '';
}
