import { listNotifications } from '../api/endpoints';
import type { Notification } from '../api/types';

const MAX_PAGES = 20;

/** All notifications the caller may see, oldest first, optionally only one declaration's.
 *  The API has no per-declaration filter (API-GAPS.md), so pages are read and filtered here. */
export async function loadNotifications(declarationId?: number, signal?: AbortSignal): Promise<Notification[]> {
  const out: Notification[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES && !signal?.aborted; page++) {
    const p = await listNotifications(after, 1000);
    out.push(...p.events.filter((e) => declarationId === undefined || e.declaration_id === declarationId));
    if (p.events.length < 1000 || p.next_cursor === after) break;
    after = p.next_cursor;
  }
  return out;
}
