/**
 * The editor's desk (`/desk`): sign in with a token, pick the conflict, record what happens during
 * talks with forms, correct what was recorded, and watch the live stream. The forms are declared in
 * desk-forms.ts; everything written goes through desk-writes.ts.
 */
import { request } from './api.js';
import { Auth, roleLabel, type Viewer } from './desk-auth.js';
import { CONFLICT_INFO, type ConflictInfo, type Creatable, type Desk, type Option } from './desk-context.js';
import { Corrections } from './desk-corrections.js';
import { DeskForm } from './desk-form.js';
import { CREATE, RECORDABLE } from './desk-forms.js';
import { DeskStream } from './desk-live.js';
import { forget, store, stored } from './desk-store.js';
import { Writes } from './desk-writes.js';
import { byId, fill, h } from './dom.js';
import { HEAD } from './queries.js';

interface Head {
  events: { edges: { cursor: string }[] };
  conflicts: { nodes: { id: string; slug: string; name: string }[] };
}

const signIn = byId('sign-in');
const signInForm = byId<HTMLFormElement>('sign-in-form');
const signInMessage = byId('sign-in-message');
const tokenInput = byId<HTMLInputElement>('token');
const tokenError = byId('token-error');
const session = byId('session');
const sessionWho = byId('session-who');
const workspace = byId('workspace');
const conflictSelect = byId<HTMLSelectElement>('conflict');
const formSwitch = byId('form-switch');
const forms = byId('forms');
const loadError = byId('load-error');

let info: ConflictInfo | undefined;
let loaded: Promise<void> | undefined;

const auth = new Auth(signedIn);
const desk: Desk = {
  auth,
  writes: new Writes(auth),
  conflict: () => info!,
  own: (eventId) => stream.mark(eventId),
  createInline,
  correct: (subject) => void corrections.open(subject),
};
const stream = new DeskStream(byId<HTMLOListElement>('stream'), byId('stream-state'), desk);
const corrections = new Corrections(byId('corrections'), desk);

function signedIn(viewer: Viewer | null, message?: string): void {
  signIn.hidden = viewer !== null;
  session.hidden = viewer === null;
  workspace.hidden = viewer === null;
  signInMessage.hidden = !message;
  signInMessage.textContent = message ?? '';
  if (!viewer) {
    stream.stop();
    loaded = undefined;
    if (message) signInMessage.focus();
    return;
  }
  sessionWho.textContent = `Signed in as ${viewer.name} (${roleLabel(viewer.role)})`;
  if (loaded) return;
  loaded = load().catch((error: Error) => {
    loaded = undefined;
    showLoadError(`The desk could not load (${error.message}). Reload the page to try again.`);
  });
}

function showLoadError(message: string | null): void {
  loadError.hidden = message === null;
  loadError.textContent = message ?? '';
}

/** The conflicts, then the chosen one's talks and topics, its forms and its stream. */
async function load(): Promise<void> {
  const head = await request<Head>(HEAD);
  const conflicts = head.conflicts.nodes;
  const kept = stored<string>('conflict');
  fill(
    conflictSelect,
    conflicts.map((c) => h('option', { value: c.id }, c.name)),
  );
  conflictSelect.value = conflicts.some((c) => c.id === kept) ? kept! : (conflicts[0]?.id ?? '');
  await openConflict(conflictSelect.value, head.events.edges[0]?.cursor ?? null);
  showLoadError(null);
}

async function openConflict(id: string, after: string | null): Promise<void> {
  const data = await request<{ node: (Omit<ConflictInfo, 'talks'> & { talks: { nodes: ConflictInfo['talks'] } }) | null }>(CONFLICT_INFO, {
    id,
  });
  if (!data.node) throw new Error('that conflict is no longer known');
  info = { ...data.node, talks: data.node.talks.nodes };
  store('conflict', id);
  buildForms(id);
  await stream.start(id, after);
}

conflictSelect.addEventListener('change', () => {
  showLoadError(null);
  request<Head>(HEAD)
    .then((head) => openConflict(conflictSelect.value, head.events.edges[0]?.cursor ?? null))
    .catch((error: Error) => showLoadError(`That conflict could not be opened (${error.message}). Choose it again to retry.`));
});

function buildForms(conflictId: string): void {
  const shown = stored<string>('form') ?? RECORDABLE[0]!.id;
  const built = RECORDABLE.map((recordable) => {
    const form = new DeskForm(
      {
        id: recordable.id,
        slot: `${conflictId}.${recordable.id}`,
        heading: recordable.heading,
        submit: recordable.submit,
        mutation: recordable.mutation,
        fields: recordable.fields,
        fixed: () => (recordable.conflictPath ? { [recordable.conflictPath]: conflictId } : {}),
        done: (payload) => `Recorded: ${payload.event.summary}. It is at the top of the live list, marked “Recorded by you”.`,
      },
      desk,
    );
    form.element.hidden = recordable.id !== shown;
    const button = h(
      'button',
      {
        type: 'button',
        class: 'form-switch__button',
        'aria-pressed': String(recordable.id === shown),
        'aria-controls': recordable.id,
        onClick: () => {
          for (const other of built) {
            other.form.element.hidden = other !== entry;
            other.button.setAttribute('aria-pressed', String(other === entry));
          }
          store('form', recordable.id);
        },
      },
      recordable.tab,
    );
    const entry = { form, button };
    return entry;
  });
  fill(
    formSwitch,
    built.map(({ button }) => h('li', null, button)),
  );
  fill(
    forms,
    built.map(({ form }) => form.element),
  );
}

/** A small form after the picker that did not find `name`; what it creates becomes the pick. */
function createInline(kind: Creatable, name: string, host: HTMLElement, done: (option: Option) => void): void {
  host.parentElement?.querySelector('.desk-form--nested')?.remove();
  const plan = CREATE[kind];
  forget(`draft.create.${kind}`);
  const form: DeskForm = new DeskForm(
    {
      id: `new-${kind}`,
      slot: `create.${kind}`,
      heading: plan.heading,
      submit: plan.submit,
      mutation: plan.mutation,
      fields: plan.fields,
      initial: { name },
      nested: true,
      fixed: () => ({}),
      done(payload) {
        const created = payload[kind] as { id: string; name: string };
        form.element.remove();
        done({ id: created.id, label: created.name, value: created.id });
        return '';
      },
    },
    desk,
  );
  const cancel = h(
    'button',
    {
      type: 'button',
      class: 'button button--quiet',
      onClick: () => {
        form.element.remove();
        host.querySelector('input')?.focus();
      },
    },
    'Cancel',
  );
  form.element.querySelector('.desk-form__actions')!.append(cancel);
  host.after(form.element);
  form.focus();
}

signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  tokenError.hidden = true;
  tokenInput.removeAttribute('aria-invalid');
  void auth.signIn(tokenInput.value).then((error) => {
    if (error) {
      tokenError.textContent = error;
      tokenError.hidden = false;
      tokenInput.setAttribute('aria-invalid', 'true');
      tokenInput.focus();
    } else {
      tokenInput.value = '';
      byId('desk-main').focus();
    }
  });
});
byId('sign-out').addEventListener('click', () => auth.signOut('You have signed out. Your token is forgotten in this tab.'));

void auth.resume();
