/**
 * Who holds the desk: a pasted editor or admin token, kept in sessionStorage for this tab only
 * (never a cookie, never the URL), checked with `viewer` at sign-in, every 30 s, when the window
 * regains focus, and whenever a write is answered UNAUTHENTICATED, so a revoked token signs the
 * page out with a message instead of failing write after write.
 */
import { request, RequestError } from './api.js';
import { forget, store, stored } from './desk-store.js';

export interface Viewer {
  name: string;
  role: 'EDITOR' | 'ADMIN';
}

const VIEWER = /* GraphQL */ `query DeskViewer { viewer { name role } }`;
const RECHECK_MS = 30_000;

export const REVOKED =
  'You have been signed out: Parley no longer accepts your token (it may have been revoked). Sign in with a valid token; what you typed is kept.';

export function roleLabel(role: Viewer['role']): string {
  return role === 'ADMIN' ? 'admin' : 'editor';
}

export class Auth {
  private token: string | null = stored<string>('token') ?? null;
  private holder: Viewer | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** Called whenever the holder changes; `message` says why the desk was signed out. */
  constructor(private readonly changed: (viewer: Viewer | null, message?: string) => void) {
    addEventListener('focus', () => void this.recheck());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.recheck();
    });
  }

  get viewer(): Viewer | null {
    return this.holder;
  }

  headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  /** Resumes a session kept in this tab, if its token is still good. */
  async resume(): Promise<void> {
    if (!this.token) return this.changed(null);
    try {
      const viewer = await this.ask(this.token);
      if (viewer) this.accept(this.token, viewer);
      else this.signOut(REVOKED);
    } catch {
      // The server is away: stay signed out for now without throwing the token away.
      this.changed(null, 'Parley could not be reached to check your token. Reload the page when it is back.');
    }
  }

  /** Resolves with an error message to show on the token field, or null when signed in. */
  async signIn(token: string): Promise<string | null> {
    const trimmed = token.trim();
    if (!trimmed) return 'Paste your editor token here.';
    let viewer: Viewer | null;
    try {
      viewer = await this.ask(trimmed);
    } catch (error) {
      return `Parley could not be reached (${(error as Error).message}). Try again in a moment.`;
    }
    if (!viewer) return 'Parley does not accept this token: it is unknown or has been revoked.';
    this.accept(trimmed, viewer);
    return null;
  }

  signOut(message?: string): void {
    this.token = null;
    this.holder = null;
    forget('token');
    clearInterval(this.timer);
    this.changed(null, message);
  }

  /** Asks Parley whether the token still stands; a network failure changes nothing. */
  async recheck(): Promise<void> {
    if (!this.token || !this.holder) return;
    try {
      const viewer = await this.ask(this.token);
      if (!viewer) this.signOut(REVOKED);
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
    }
  }

  private accept(token: string, viewer: Viewer): void {
    this.token = token;
    this.holder = viewer;
    store('token', token);
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.recheck(), RECHECK_MS);
    this.changed(viewer);
  }

  private async ask(token: string): Promise<Viewer | null> {
    const data = await request<{ viewer: Viewer | null }>(VIEWER, {}, { authorization: `Bearer ${token}` });
    return data.viewer;
  }
}
