// The two browser globals the workspace's pure helpers read (the chosen language), for running them under node --test.
const store = new Map();
globalThis.localStorage = {
  getItem: key => (store.has(key) ? store.get(key) : null),
  setItem: (key, value) => store.set(key, String(value)),
  removeItem: key => store.delete(key),
};
if (!('navigator' in globalThis)) globalThis.navigator = { language: 'zh-CN' };

/** Switches the language the helpers write in, as the language switch does (without a document). */
export const useLocale = value => localStorage.setItem('ka.locale', value);
