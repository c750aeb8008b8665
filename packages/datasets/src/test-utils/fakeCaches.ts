/** A minimal in-memory Cache Storage (Node has none): `caches` to stub as the global, `stores` to look into. */
export function fakeCaches() {
  const stores = new Map<string, Map<string, Uint8Array>>();
  const open = async (name: string) => {
    const store = stores.get(name) ?? new Map<string, Uint8Array>();
    stores.set(name, store);
    return {
      match: async (url: string) => {
        const hit = store.get(url);
        return hit === undefined ? undefined : new Response(hit.slice());
      },
      put: async (url: string, response: Response) => {
        store.set(url, new Uint8Array(await response.arrayBuffer()));
      },
      delete: async (url: string) => store.delete(url),
    };
  };
  return { stores, caches: { open } };
}
