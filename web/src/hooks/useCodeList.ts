import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCodeList } from '../api/endpoints';
import type { CodeListItem, CodeListName } from '../api/types';

// The code lists a declaration is checked against (GET /v1/code-lists/{list}), fetched once per
// list and language while the page is open: they change only with a new server release. A failed
// fetch is forgotten, so that the next form that needs the list asks again.
const cache = new Map<string, Promise<CodeListItem[]>>();

function load(list: CodeListName, lang: string): Promise<CodeListItem[]> {
  const key = `${list}:${lang}`;
  let p = cache.get(key);
  if (!p) {
    p = getCodeList(list, lang).then((r) => r.items);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

export interface CodeListState {
  /** The list in the user's language; undefined while loading or when it could not be read. */
  items: CodeListItem[] | undefined;
  /** The server could not give the list: inputs fall back to free text (the server still checks). */
  failed: boolean;
}

/** A code list in the current language. While the list of a newly chosen language loads, the
 *  previous language's list stays (same codes, names about to change). */
export function useCodeList(list: CodeListName): CodeListState {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const [state, setState] = useState<CodeListState>({ items: undefined, failed: false });
  useEffect(() => {
    let live = true;
    load(list, lang).then(
      (items) => live && setState({ items, failed: false }),
      () => live && setState((s) => ({ items: s.items, failed: !s.items })),
    );
    return () => {
      live = false;
    };
  }, [list, lang]);
  return state;
}

/** "code — name", as pick lists show an entry. */
export const codeLabel = (item: CodeListItem) => (item.name && item.name !== item.code ? `${item.code} — ${item.name}` : item.code);
