// A virtualised vertical list for long histories: only the rows in view (plus overscan) are in the DOM.
// Row heights are measured after rendering and cached by key; unmeasured rows use an estimate. While the
// user is at the bottom the list sticks there; otherwise the first visible row stays put when heights change.

export interface ListItem {
  key: string;
}

export interface VirtualListOptions<T extends ListItem> {
  render: (item: T, index: number) => HTMLElement;
  /** Called when "stuck to the bottom" changes (the user scrolled up, or back down). */
  onStickChange?: (stuck: boolean) => void;
  overscanPx?: number;
  /** A guess at a row's height before it was measured (closer guesses mean fewer corrections while scrolling). */
  estimate?: (item: T) => number;
  /** At most this many rendered rows are kept for reuse when they scroll out of view. */
  cacheSize?: number;
  /** Called after each render with the rows now in the page (e.g. to mark search matches in them). */
  onRendered?: (rows: HTMLCollection) => void;
  /** A row in the page, before it is measured: what it shows may depend on how it is laid out (a fold that fits). */
  settle?: (row: HTMLElement) => void;
}

export class VirtualList<T extends ListItem> {
  readonly el: HTMLElement;
  readonly #topSpacer: HTMLElement;
  readonly #content: HTMLElement;
  readonly #bottomSpacer: HTMLElement;
  #items: readonly T[] = [];
  readonly #heights = new Map<string, number>();
  readonly #nodes = new Map<string, HTMLElement>();
  #offsets = new Float64Array(1);
  /** offsets[i] is the top of item i; valid for items before `dirtyFrom` (and up to `offsetsFor` items). */
  #offsetsFor = 0;
  #dirtyFrom = 0;
  /** Estimated heights, computed once per row (estimating can be costly for long texts). */
  readonly #estimates = new Map<string, number>();
  #stuck = true;
  /** scrollTop as last set or seen: a smaller one in a scroll event means the user scrolled up. */
  #lastTop = 0;
  #frame = 0;
  #width = 0;
  readonly #overscan: number;
  readonly #estimate: (item: T) => number;
  readonly #cacheSize: number;
  readonly #opts: VirtualListOptions<T>;

  constructor(opts: VirtualListOptions<T>) {
    this.#opts = opts;
    this.#overscan = opts.overscanPx ?? 600;
    this.#estimate = opts.estimate ?? (() => 40);
    this.#cacheSize = opts.cacheSize ?? 300;
    this.el = document.createElement('div');
    this.el.className = 'vlist';
    this.#topSpacer = document.createElement('div');
    this.#content = document.createElement('div');
    this.#content.className = 'vlist-content';
    this.#bottomSpacer = document.createElement('div');
    this.el.append(this.#topSpacer, this.#content, this.#bottomSpacer);
    this.el.addEventListener('scroll', () => this.#onScroll(), { passive: true });
    new ResizeObserver(() => {
      const w = this.el.clientWidth;
      if (w !== this.#width) {
        // Text wraps differently at another width: every measured height is stale.
        this.#width = w;
        this.#heights.clear();
        this.#dirtyFrom = 0;
      }
      // a view that grew can bring the end into view without a scroll event: that is the end, so stuck
      const el = this.el;
      if (!this.#stuck && el.scrollHeight > el.clientHeight && el.scrollTop + el.clientHeight >= el.scrollHeight - 8) this.#setStuck(true);
      this.#schedule();
    }).observe(this.el);
  }

  /** Shows another list (e.g. after switching rooms); starts at the bottom. */
  setItems(items: readonly T[]): void {
    this.#items = items;
    this.#dirtyFrom = 0;
    // Keys are unique within one list only (another room has its own seq 1, 2, ...).
    this.#nodes.clear();
    this.#heights.clear();
    this.#estimates.clear();
    this.#content.replaceChildren();
    this.#setStuck(true);
    this.render();
  }

  /** The items array grew or changed in place (same array object, or a new one for the same list). */
  update(items: readonly T[] = this.#items): void {
    // (the row read at the top of the view, away from the end: a long history cut at its start, 1,000 rows at a
    // time in a busy room, left the view at its old offset, 1,000 rows on from what was read)
    const reading = items !== this.#items ? this.anchor : undefined;
    if (items !== this.#items) {
      // Another array (e.g. the room's history was reset): nothing before can be trusted.
      this.#items = items;
      this.#nodes.clear();
      this.#heights.clear();
      this.#estimates.clear();
      this.#dirtyFrom = 0;
    }
    if (reading && items.some((x) => x.key === reading.key)) return this.scrollToKey(reading.key, false, reading.offset);
    this.render();
  }

  /**
   * Forgets one row's rendered node (its item changed: an edited message); the next render redraws it. Its height
   * stays the one measured until it is measured again: forgotten, the row's estimate moved every row below it
   * before the render chose the row to keep in place, and an edit above the view made the view jump by rows.
   */
  invalidate(key: string): void {
    const i = this.#items.findIndex((x) => x.key === key);
    if (i < 0) return;
    this.#nodes.delete(key);
    this.#dirtyFrom = Math.min(this.#dirtyFrom, i);
  }

  /** Forgets the rendered node of every row (e.g. your nickname changed, so mention highlights differ). */
  rerenderAll(): void {
    this.#nodes.clear();
    this.render();
  }

  get isStuck(): boolean {
    return this.#stuck;
  }

  scrollToBottom(): void {
    this.#setStuck(true);
    this.render();
  }

  /**
   * Scrolls so the item with `key` is near the top of the view (the first unread message, a search match), unless
   * the list's end shows it: then the list goes to the end and stays there, where new messages keep it.
   */
  scrollToKey(key: string, onlyIfHidden = false, margin = 28): void {
    const i = this.#items.findIndex((x) => x.key === key);
    if (i < 0) return;
    const o = this.#computeOffsets();
    const rowTop = o[i] ?? 0;
    // onlyIfHidden: a row already in full view stays where it is (stepping through search matches on one screen)
    if (onlyIfHidden && rowTop >= this.el.scrollTop && (o[i + 1] ?? rowTop) <= this.el.scrollTop + this.el.clientHeight) return;
    const y = Math.max(0, rowTop - margin);
    if (y + this.el.clientHeight >= (o[this.#items.length] ?? 0)) {
      this.#setStuck(true); // at the end: it shows there
      this.render();
      return;
    }
    this.#setStuck(false);
    this.#setScrollTop(y);
    this.render();
  }

  /**
   * Redraws every row, keeping the part of row `key` that `find` picks (the button just clicked) where it is in the
   * view: a message closed back to its first lines shrinks around its button, which stays under the pointer (the
   * view kept its place inside the long text, which is no longer there: it showed messages ~30 further on).
   */
  rerenderKeeping(key: string, find: (row: HTMLElement) => Element | null): void {
    const before = this.nodeFor(key);
    const y = before ? find(before)?.getBoundingClientRect().top : undefined;
    this.#setStuck(false);
    this.rerenderAll();
    if (y === undefined) return;
    if (!this.nodeFor(key)) this.scrollToKey(key);
    const after = this.nodeFor(key);
    const dy = after ? (find(after)?.getBoundingClientRect().top ?? y) - y : 0;
    if (Math.abs(dy) < 0.5) return;
    this.#setStuck(false);
    this.#setScrollTop(this.el.scrollTop + dy);
    this.render();
  }

  /**
   * Where the view is, away from the end: the first row in it and its top from the view's (a conversation left and
   * come back to opens there, scrollToKey(key, false, offset)); undefined at the end, where the list follows.
   */
  get anchor(): { key: string; offset: number } | undefined {
    if (this.#stuck) return undefined;
    const top = this.el.getBoundingClientRect().top;
    for (const node of this.#content.children) {
      const r = node.getBoundingClientRect();
      const key = (node as HTMLElement).dataset.key;
      if (r.bottom > top && key !== undefined) return { key, offset: r.top - top };
    }
    return undefined;
  }

  /** Stops following the end: rows that grow next (a message opened in full) grow downward from where they are. */
  unstick(): void {
    this.#setStuck(false);
  }

  /** The element of the item with `key` if it is in the page now. */
  nodeFor(key: string): HTMLElement | undefined {
    const node = this.#nodes.get(key);
    return node?.parentElement === this.#content ? node : undefined;
  }

  /** Rendered row elements, in order (for tests and benchmarks). */
  renderedCount(): number {
    return this.#content.childElementCount;
  }

  #setStuck(v: boolean): void {
    if (v === this.#stuck) return;
    this.#stuck = v;
    this.#opts.onStickChange?.(v);
  }

  /**
   * At the end: stuck. Elsewhere: unstuck only if the user scrolled up. A scroll event can arrive after the
   * view shrank (a banner or a wrapping topic above the list, between the list's own scroll and the event),
   * which leaves the end out of view without anyone scrolling: that must not unstick the list. (Nor should a
   * view that grows for a moment and shrinks again, which moves scrollTop up to fit: the composer keeps its
   * height while it measures its text, see Composer.grow.)
   */
  #onScroll(): void {
    const el = this.el;
    const top = el.scrollTop;
    if (top + el.clientHeight >= el.scrollHeight - 8) this.#setStuck(true);
    else if (top < this.#lastTop - 0.5) this.#setStuck(false);
    this.#lastTop = top;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.render();
    });
  }

  #heightOf(item: T): number {
    const h = this.#heights.get(item.key);
    if (h !== undefined) return h;
    let e = this.#estimates.get(item.key);
    if (e === undefined) {
      e = this.#estimate(item);
      this.#estimates.set(item.key, e);
    }
    return e;
  }

  #computeOffsets(): Float64Array {
    const n = this.#items.length;
    // Items are only ever appended to the same array, so only rows from the first change on need summing.
    const from = Math.min(this.#dirtyFrom, this.#offsetsFor, n);
    if (from === n && this.#offsetsFor === n) return this.#offsets;
    if (this.#offsets.length < n + 1) {
      const grown = new Float64Array(Math.max(n + 1, this.#offsets.length * 2));
      grown.set(this.#offsets.subarray(0, from + 1));
      this.#offsets = grown;
    }
    const o = this.#offsets;
    o[0] = 0;
    for (let i = from; i < n; i++) o[i + 1] = (o[i] ?? 0) + this.#heightOf(this.#items[i] as T);
    this.#offsetsFor = n;
    this.#dirtyFrom = Infinity;
    return o;
  }

  /** The first index whose bottom edge is below `y`. */
  #indexAt(o: Float64Array, y: number): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((o[mid + 1] ?? 0) <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #setScrollTop(y: number): void {
    if (Math.abs(this.el.scrollTop - y) >= 0.5) this.el.scrollTop = y;
    this.#lastTop = this.el.scrollTop;
  }

  render(): void {
    const n = this.#items.length;
    const view = this.el.clientHeight || 600;
    // Up to a few passes: measuring real heights can change which rows are in view.
    for (let pass = 0; pass < 3; pass++) {
      let o = this.#computeOffsets();
      const total = o[n] ?? 0;
      const top = this.#stuck ? Math.max(0, total - view) : this.el.scrollTop;
      const anchor = this.#indexAt(o, top);
      const anchorShift = top - (o[anchor] ?? 0);
      const start = this.#indexAt(o, top - this.#overscan);
      const end = Math.min(n, this.#indexAt(o, top + view + this.#overscan) + 1);

      const wanted: HTMLElement[] = [];
      for (let i = start; i < end; i++) {
        const item = this.#items[i] as T;
        let node = this.#nodes.get(item.key);
        if (!node) {
          node = this.#opts.render(item, i);
          node.dataset.key = item.key;
          this.#nodes.set(item.key, node);
        }
        wanted.push(node);
      }
      this.#reconcile(wanted);
      if (this.#opts.settle) for (const node of wanted) this.#opts.settle(node);
      this.#topSpacer.style.height = `${o[start] ?? 0}px`;
      this.#bottomSpacer.style.height = `${total - (o[end] ?? total)}px`;

      let changed = false;
      for (let i = start; i < end; i++) {
        const item = this.#items[i] as T;
        const hgt = (wanted[i - start] as HTMLElement).offsetHeight;
        if (hgt > 0 && hgt !== this.#heights.get(item.key)) {
          if (Math.abs(hgt - this.#heightOf(item)) >= 0.5) {
            changed = true;
            this.#dirtyFrom = Math.min(this.#dirtyFrom, i);
          }
          this.#heights.set(item.key, hgt);
        }
      }
      if (changed) {
        o = this.#computeOffsets();
        this.#topSpacer.style.height = `${o[start] ?? 0}px`;
        this.#bottomSpacer.style.height = `${(o[n] ?? 0) - (o[end] ?? 0)}px`;
      }
      if (this.#stuck) this.#setScrollTop(this.el.scrollHeight - this.el.clientHeight);
      else this.#setScrollTop((o[anchor] ?? 0) + anchorShift);
      if (!changed) break;
    }
    this.#trimCache();
    this.#opts.onRendered?.(this.#content.children);
  }

  /**
   * Makes the content hold exactly `wanted`, touching only rows that enter or leave (rows staying in view keep
   * their place in the DOM, so the browser does not restyle them). Both lists are in item order.
   */
  #reconcile(wanted: HTMLElement[]): void {
    const keep = new Set<Element>(wanted);
    for (const child of Array.from(this.#content.children)) if (!keep.has(child)) child.remove();
    let ref = this.#content.firstElementChild;
    for (const node of wanted) {
      if (node === ref) {
        ref = ref.nextElementSibling;
        continue;
      }
      this.#content.insertBefore(node, ref);
    }
  }

  #trimCache(): void {
    if (this.#nodes.size <= this.#cacheSize) return;
    const live = new Set<Element>(Array.from(this.#content.children));
    for (const [k, node] of this.#nodes) {
      if (this.#nodes.size <= this.#cacheSize) break;
      if (!live.has(node)) this.#nodes.delete(k);
    }
  }
}
