import { listNotifications } from '../api/endpoints';
import type { Notification } from '../api/types';

const PAGE = 1000;
const MAX_PAGES = 20;

/** Notifications the caller may see, oldest first: one declaration's (the API filters them), or
 *  the whole feed (up to MAX_PAGES pages). */
export async function loadNotifications(declarationId?: number, signal?: AbortSignal): Promise<Notification[]> {
  const out: Notification[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES && !signal?.aborted; page++) {
    const p = await listNotifications(after, PAGE, declarationId, signal);
    out.push(...p.events);
    if (p.events.length < PAGE || p.next_cursor === after) break;
    after = p.next_cursor;
  }
  return out;
}
