/**
 * One desk form, from its declaration: builds the controls, reads the mutation's input from them
 * (for an amendment only the fields the editor changed), keeps a draft in sessionStorage, sends the
 * write, and shows a refusal on the fields Parley names, with a summary that takes the focus.
 */
import type { Desk } from './desk-context.js';
import { buildControl, type Control, type FieldSpec } from './desk-fields.js';
import { forget, store, stored } from './desk-store.js';
import { roleLabel } from './desk-auth.js';
import type { FieldError, Mutation, Written } from './desk-writes.js';
import { fill, h } from './dom.js';

export interface FormPlan {
  /** Prefix of the form's element ids; unique on the page. */
  id: string;
  /** Where its draft and its pending write are kept. */
  slot: string;
  heading: string;
  submit: string;
  mutation: Mutation;
  fields: FieldSpec[];
  /** What the input holds besides the fields: the conflict, the item corrected. */
  fixed(): Record<string, unknown>;
  /** Values, by field name, that the form starts from: what Parley holds (an amendment), a typed name. */
  initial?: Record<string, unknown>;
  /** Send only the fields that differ from `initial` (an amendment)… */
  changedOnly?: boolean;
  /** …and these always (its reason). */
  always?: string[];
  /** What to say when the token may not do this, before "You are signed in as …". */
  forbidden?: string;
  /** A form nested in another form's element cannot be a `<form>`: it is a group instead. */
  nested?: boolean;
  /** Called after Parley recorded it; returns what to announce. */
  done(payload: Written): string;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export class DeskForm {
  readonly element: HTMLElement;
  private readonly controls: Control[];
  private readonly summary: HTMLDivElement;
  private readonly status: HTMLParagraphElement;
  private readonly baseline = new Map<string, string>();
  private busy = false;

  constructor(
    private readonly plan: FormPlan,
    private readonly desk: Desk,
  ) {
    this.controls = plan.fields.map((spec) => buildControl(spec, plan.id, desk));
    const headingId = `${plan.id}-heading`;
    this.summary = h('div', { class: 'error-summary', id: `${plan.id}-summary`, tabindex: -1, hidden: true });
    this.status = h('p', { class: 'form-status', role: 'status' });
    const children = [
      h(plan.nested ? 'h3' : 'h2', { id: headingId, class: 'desk-form__heading' }, plan.heading),
      this.summary,
      this.controls.map((c) => c.element),
      h('div', { class: 'desk-form__actions' }, h('button', { type: 'submit', class: 'button' }, plan.submit)),
      this.status,
    ];
    this.element = plan.nested
      ? h('div', { class: 'desk-form desk-form--nested', role: 'group', 'aria-labelledby': headingId }, children)
      : h('form', { class: 'desk-form', id: plan.id, 'aria-labelledby': headingId, novalidate: true }, children);
    if (plan.nested) {
      // Enter in a field sends, as in a form; the submit button is a plain button here.
      const button = this.element.querySelector('button[type="submit"]')!;
      button.setAttribute('type', 'button');
      button.addEventListener('click', () => void this.send());
      this.element.addEventListener('keydown', (event) => {
        const target = event.target as HTMLElement;
        if (event.key === 'Enter' && target instanceof HTMLInputElement && !event.defaultPrevented) {
          event.preventDefault();
          void this.send();
        }
      });
    } else {
      this.element.addEventListener('submit', (event) => {
        event.preventDefault();
        void this.send();
      });
    }
    for (const c of this.controls) {
      const value = plan.initial?.[c.spec.name];
      if (value !== undefined && value !== null) c.setValue?.(value);
      this.baseline.set(c.spec.name, JSON.stringify(c.value()));
    }
    const draft = stored<Record<string, unknown>>(`draft.${plan.slot}`);
    if (draft) for (const c of this.controls) if (c.spec.name in draft) c.restore(draft[c.spec.name]);
    const keep = () => store(`draft.${plan.slot}`, Object.fromEntries(this.controls.map((c) => [c.spec.name, c.draft()])));
    this.element.addEventListener('input', keep);
    this.element.addEventListener('change', keep);
  }

  focus(): void {
    this.controls[0]?.focus();
  }

  /** The mutation's input, or the names of required fields left empty. */
  private input(): { input: Record<string, unknown>; missing: Control[]; changes: number } {
    const input = this.plan.fixed();
    const missing: Control[] = [];
    let changes = 0;
    for (const c of this.controls) {
      const value = c.value();
      if (value === undefined) {
        if (c.spec.required) missing.push(c);
        else if (this.plan.changedOnly && this.baseline.get(c.spec.name) !== undefined) {
          // Emptied in an amendment: null removes what Parley holds.
          setPath(input, c.spec.path, null);
          changes++;
        }
        continue;
      }
      const always = this.plan.always?.includes(c.spec.name);
      if (this.plan.changedOnly && !always && JSON.stringify(value) === this.baseline.get(c.spec.name)) continue;
      if (!always) changes++;
      setPath(input, c.spec.path, value);
    }
    return { input, missing, changes };
  }

  private async send(): Promise<void> {
    if (this.busy) return;
    this.clear();
    const { input, missing, changes } = this.input();
    if (missing.length) {
      return this.refuse(
        'Some required fields are empty.',
        missing.map((c) => ({ control: c, message: 'Fill this in.' })),
      );
    }
    if (this.plan.changedOnly && changes === 0) return this.refuse('Nothing was changed: change at least one field before amending.', []);
    this.busy = true;
    this.element.setAttribute('aria-busy', 'true');
    this.status.textContent = 'Sending…';
    try {
      const outcome = await this.desk.writes.send(this.plan.slot, this.plan.mutation, input);
      this.status.textContent = '';
      switch (outcome.status) {
        case 'done': {
          this.desk.own(outcome.payload.event.id);
          forget(`draft.${this.plan.slot}`);
          for (const c of this.controls) c.reset();
          this.status.textContent = this.plan.done(outcome.payload);
          return;
        }
        case 'refused':
          return this.refuse(sentence(outcome.error.message), this.locate(outcome.error.fields));
        case 'forbidden': {
          const viewer = this.desk.auth.viewer;
          const who = viewer ? ` You are signed in as ${viewer.name} (${roleLabel(viewer.role)}).` : '';
          return this.refuse(`${this.plan.forbidden ?? 'Your token may not do this.'}${who}`, [], 'Not allowed');
        }
        case 'not-sent':
          return this.refuse(outcome.message, [], 'Not sent');
        case 'signed-out':
          return;
      }
    } finally {
      this.busy = false;
      this.element.removeAttribute('aria-busy');
    }
  }

  /** The control each refused path names: the one whose path is the longest prefix of it. */
  private locate(fields: FieldError[]): { control?: Control; rest?: string; message: string }[] {
    return fields.map((f) => {
      const path = f.field.replace(/^input\./, '');
      const control = this.controls
        .filter((c) => path === c.spec.path || path.startsWith(`${c.spec.path}.`))
        .sort((a, b) => b.spec.path.length - a.spec.path.length)[0];
      return { control, rest: control ? path.slice(control.spec.path.length + 1) : undefined, message: f.message };
    });
  }

  private clear(): void {
    for (const c of this.controls) c.showError(null);
    this.summary.hidden = true;
    this.summary.replaceChildren();
  }

  private refuse(message: string, problems: { control?: Control; rest?: string; message: string }[], title = 'Not recorded'): void {
    for (const p of problems) p.control?.showError(sentence(p.message), p.rest);
    fill(
      this.summary,
      h('h3', { class: 'error-summary__title' }, title),
      h('p', null, message),
      problems.length
        ? h(
            'ul',
            null,
            problems.map((p) =>
              h(
                'li',
                null,
                p.control
                  ? h(
                      'a',
                      {
                        href: `#${this.plan.id}-${p.control.spec.name}`,
                        onClick: (event: Event) => {
                          event.preventDefault();
                          p.control!.focus();
                        },
                      },
                      `${p.control.spec.label}: ${sentence(p.message)}`,
                    )
                  : sentence(p.message),
              ),
            ),
          )
        : null,
    );
    this.summary.hidden = false;
    this.summary.focus();
  }
}
