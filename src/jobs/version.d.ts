/** WedgeLab's version from package.json, defined by vite.config.ts for the page and its workers. */
declare const __WEDGELAB_VERSION__: string;
