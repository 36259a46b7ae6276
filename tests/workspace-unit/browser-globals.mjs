// The browser globals the workspace's pure helpers read (the chosen language, the tab's session), for node --test.
const storage = () => {
  const store = new Map();
  return {
    getItem: key => (store.has(key) ? store.get(key) : null),
    setItem: (key, value) => store.set(key, String(value)),
    removeItem: key => store.delete(key),
  };
};
globalThis.localStorage = storage();
globalThis.sessionStorage = storage(); // no one signed in
if (!('navigator' in globalThis)) globalThis.navigator = { language: 'zh-CN' };

/** Switches the language the helpers write in, as the language switch does (without a document). */
export const useLocale = value => localStorage.setItem('ka.locale', value);
