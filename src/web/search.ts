/**
 * The page's search box: the API's full-text search over the conflict's incidents, statements and
 * proposals, its results with the matched words marked, each linking to its timeline entry. The
 * words searched are kept in the address (`?q=`), so a search can be shared and survives a reload.
 */
import { request } from './api.js';
import { byId, fill } from './dom.js';
import { SEARCH } from './queries.js';
import { searchHit } from './render.js';
import type { SearchHit } from './types.js';

const RESULTS = 20;

export class SearchPanel {
  private readonly form = byId<HTMLFormElement>('search-form');
  private readonly input = byId<HTMLInputElement>('search-input');
  private readonly results = byId<HTMLOListElement>('search-results');
  private readonly status = byId('search-status');
  private readonly clear = byId<HTMLButtonElement>('search-clear');
  private conflictId: string | undefined;
  /** Answers to an earlier search that arrive after a later one was asked are dropped. */
  private asked = 0;

  /** A result's link (`a[data-item]`) is followed by the page, which shows the entry wherever it is. */
  constructor() {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.search(this.input.value);
    });
    this.clear.addEventListener('click', () => {
      this.reset();
      this.input.focus();
    });
  }

  /** Starts searching this conflict; runs the search in the address, if any. */
  setConflict(conflictId: string): void {
    this.conflictId = conflictId;
    const words = new URLSearchParams(location.search).get('q');
    if (words) {
      this.input.value = words;
      void this.search(words);
    }
  }

  private async search(raw: string): Promise<void> {
    const words = raw.trim();
    if (!words) return this.reset();
    if (!this.conflictId) return;
    const asked = ++this.asked;
    this.remember(words);
    this.status.textContent = `Searching for “${words}”…`;
    try {
      const result = await request<{ search: { totalCount: number; nodes: SearchHit[] } }>(SEARCH, {
        query: words,
        conflict: this.conflictId,
        first: RESULTS,
      });
      if (asked !== this.asked) return;
      const { totalCount, nodes } = result.search;
      fill(this.results, nodes.map(searchHit));
      this.results.hidden = nodes.length === 0;
      const shown = totalCount > nodes.length ? `; the ${nodes.length} most relevant are shown` : '';
      this.status.textContent =
        totalCount === 0 ? `Nothing matches “${words}”.` : `${totalCount} result${totalCount === 1 ? '' : 's'} for “${words}”${shown}.`;
    } catch (error) {
      if (asked !== this.asked) return;
      fill(this.results);
      this.results.hidden = true;
      this.status.textContent = `The search could not run: ${(error as Error).message}`;
    }
    this.clear.hidden = false;
  }

  private reset(): void {
    this.asked++;
    this.input.value = '';
    fill(this.results);
    this.results.hidden = true;
    this.status.textContent = '';
    this.clear.hidden = true;
    this.remember(null);
  }

  private remember(words: string | null): void {
    const params = new URLSearchParams(location.search);
    if (words) params.set('q', words);
    else params.delete('q');
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }
}
