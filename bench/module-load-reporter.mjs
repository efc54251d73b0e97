// Preloaded with `node --import` by the start-up benchmark to record which modules a
// command loads (see module-load-hooks.mjs).
import { register } from 'node:module';

register('./module-load-hooks.mjs', import.meta.url);
