import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

/** Neither side of the split gets narrower than this (the detail's 280 px plus the splitter's 5: styles.css). */
const MIN_SIDE = 280;
const SPLITTER = 5;
const KEY_STEP = 24;

/**
 * The table beside the detail, with a splitter between them: drag it, or focus it and use
 * ArrowLeft/ArrowRight/Home/End. Without a side pane the table takes the whole width.
 */
export function SplitLayout({ table, side }: { table: ComponentChildren; side: ComponentChildren | null }) {
  const box = useRef<HTMLDivElement>(null);
  // Width of the table side in px; null until the user moves the splitter (then 45% of the panel).
  const [width, setWidth] = useState<number | null>(null);

  function clamp(w: number): number {
    const total = box.current?.clientWidth ?? 0;
    return Math.round(Math.max(MIN_SIDE, Math.min(w, total - MIN_SIDE - SPLITTER)));
  }
  const current = () => width ?? (box.current?.clientWidth ?? 0) * 0.45;

  function onPointerDown(e: PointerEvent) {
    const handle = e.currentTarget as HTMLElement;
    handle.setPointerCapture(e.pointerId);
    const left = box.current?.getBoundingClientRect().left ?? 0;
    const move = (m: PointerEvent) => setWidth(clamp(m.clientX - left));
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    e.preventDefault();
  }

  function onKeyDown(e: KeyboardEvent) {
    const total = box.current?.clientWidth ?? 0;
    const next =
      e.key === 'ArrowLeft' ? current() - KEY_STEP : e.key === 'ArrowRight' ? current() + KEY_STEP : e.key === 'Home' ? 0 : e.key === 'End' ? total : null;
    if (next === null) return;
    e.preventDefault();
    setWidth(clamp(next));
  }

  // Read only with the splitter shown: reading it forces a layout in the middle of every render.
  const total = side ? (box.current?.clientWidth ?? 0) : 0;
  return (
    <div class={`main${side ? ' split' : ''}`} ref={box} style={side && width !== null ? { '--table-w': `${width}px` } : undefined}>
      {table}
      {side && (
        <div
          class="splitter"
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize the table and the detail"
          aria-valuemin={MIN_SIDE}
          aria-valuemax={Math.max(MIN_SIDE, total - MIN_SIDE - SPLITTER)}
          aria-valuenow={Math.round(current())}
          tabIndex={0}
          data-testid="splitter"
          onPointerDown={onPointerDown}
          onKeyDown={onKeyDown}
        />
      )}
      {side}
    </div>
  );
}
