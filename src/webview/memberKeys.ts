// The members pane from the keyboard: the list is one tab stop (the member the keyboard was on, else the
// first); Up / Down / Home / End move between members, Enter writes to one directly, M (or @) mentions them
// in the composer, Escape leaves (to the composer; from the members over the messages of a narrow panel, to
// their button). The pane is drawn anew whenever presence or typing changes, so the member with the focus is
// found again by nickname after each drawing.

import { isListStep, listStep } from './listKeys';

export interface MemberKeysOptions {
  /** The element the member list is drawn into (its items are `li.member` with `data-nick`). */
  pane: HTMLElement;
  onMessage: (nick: string) => void;
  /** Enter on yourself: no conversation to open (said so: it did nothing, silently). */
  onSelf: () => void;
  onMention: (nick: string) => void;
  onLeave: () => void;
}

export class MemberKeys {
  /** The member the keyboard was on last: the pane's tab stop, while that member is in the room. */
  #nick: string | undefined;
  readonly #o: MemberKeysOptions;

  constructor(o: MemberKeysOptions) {
    this.#o = o;
    o.pane.addEventListener('keydown', (ev) => this.#onKeyDown(ev));
    o.pane.addEventListener('focusin', (ev) => {
      const nick = nickOf(ev.target);
      if (nick !== undefined) this.#nick = nick;
    });
  }

  /**
   * After the pane was drawn: one member is the pane's tab stop (the one the keyboard was on, else the first),
   * and if the focus was in the pane it goes back to that member.
   */
  afterRender(hadFocus: boolean): void {
    const items = this.#items();
    const current = items.find((li) => li.dataset.nick === this.#nick) ?? items[0];
    for (const li of items) li.tabIndex = li === current ? 0 : -1;
    if (hadFocus && current) current.focus({ preventScroll: true });
  }

  #items(): HTMLElement[] {
    return Array.from(this.#o.pane.querySelectorAll<HTMLElement>('li.member'));
  }

  #onKeyDown(ev: KeyboardEvent): void {
    if (ev.defaultPrevented || ev.isComposing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const li = ev.target instanceof HTMLElement && ev.target.matches('li.member') ? ev.target : undefined;
    const nick = li?.dataset.nick;
    if (!li || nick === undefined) return;
    const items = this.#items();
    if (isListStep(ev.key)) {
      ev.preventDefault();
      const to = listStep(items, items.indexOf(li), ev.key);
      if (!to) return;
      for (const x of items) x.tabIndex = x === to ? 0 : -1;
      to.focus();
      return;
    }
    switch (ev.key) {
      case 'Enter':
        ev.preventDefault();
        if (li.querySelector('.member-dm')) this.#o.onMessage(nick);
        else this.#o.onSelf();
        return;
      case 'm':
      case 'M':
      case '@':
        ev.preventDefault();
        return this.#o.onMention(nick);
      case 'Escape':
        ev.preventDefault();
        return this.#o.onLeave();
    }
  }
}

function nickOf(target: EventTarget | null): string | undefined {
  return target instanceof HTMLElement ? target.closest<HTMLElement>('li.member')?.dataset.nick : undefined;
}
