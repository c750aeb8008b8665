/** A point in canvas pixels. */
export interface Point {
  x: number;
  y: number;
}

/** Maps a pointer position (client coordinates) to canvas pixels, whatever size CSS gives the canvas. */
export function toCanvasPoint(
  clientX: number,
  clientY: number,
  rect: { left: number; top: number; width: number; height: number },
  canvasWidth: number,
  canvasHeight: number,
): Point {
  const x = rect.width > 0 ? ((clientX - rect.left) / rect.width) * canvasWidth : 0;
  const y = rect.height > 0 ? ((clientY - rect.top) / rect.height) * canvasHeight : 0;
  return { x: Math.min(canvasWidth, Math.max(0, x)), y: Math.min(canvasHeight, Math.max(0, y)) };
}

/** Options of {@link createDrawCanvas}. */
export interface DrawCanvasOptions {
  /** Called (at most once per animation frame) after the drawing changed, and after `clear`. Defaults to none. */
  onChange?: () => void;
  /** Stroke width as a share of the canvas width. Defaults to `1 / 14` (a 20 px pen on 280 px). */
  penWidth?: number;
  /** Ink colour. Defaults to black. */
  ink?: string;
  /** Background colour. Defaults to white. */
  paper?: string;
}

/** A canvas one draws on with a mouse, a finger or a pen. */
export interface DrawCanvas {
  /** Wipes the drawing. */
  clear(): void;
  /** The pixels (RGBA). */
  imageData(): ImageData;
  /** Whether nothing was drawn since the last clear. */
  readonly isBlank: boolean;
  /** Removes the listeners. */
  destroy(): void;
}

/**
 * Turns `canvas` into a drawing surface with pointer events (mouse, touch and pen alike; the pointer
 * is captured so a stroke continues outside the canvas). Give the canvas `touch-action: none` so
 * touch draws instead of scrolling.
 */
export function createDrawCanvas(canvas: HTMLCanvasElement, options: DrawCanvasOptions = {}): DrawCanvas {
  const { onChange, penWidth = 1 / 14, ink = '#000', paper = '#fff' } = options;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (ctx === null) throw new Error('2D canvas is not available');
  let last: Point | undefined;
  let activePointer: number | undefined;
  let blank = true;
  let frame: number | undefined;

  const notify = () => {
    if (onChange === undefined || frame !== undefined) return;
    frame = requestAnimationFrame(() => {
      frame = undefined;
      onChange();
    });
  };
  const paint = () => {
    ctx.fillStyle = paper;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  };
  const point = (event: PointerEvent) =>
    toCanvasPoint(event.clientX, event.clientY, canvas.getBoundingClientRect(), canvas.width, canvas.height);
  const dot = (p: Point) => {
    ctx.fillStyle = ink;
    ctx.beginPath();
    ctx.arc(p.x, p.y, (penWidth * canvas.width) / 2, 0, Math.PI * 2);
    ctx.fill();
  };
  const line = (from: Point, to: Point) => {
    ctx.strokeStyle = ink;
    ctx.lineWidth = penWidth * canvas.width;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  };

  const down = (event: PointerEvent) => {
    if (activePointer !== undefined || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    activePointer = event.pointerId;
    canvas.setPointerCapture?.(event.pointerId);
    last = point(event);
    dot(last);
    blank = false;
    notify();
  };
  const move = (event: PointerEvent) => {
    if (event.pointerId !== activePointer || last === undefined) return;
    event.preventDefault();
    // Coalesced events keep fast strokes smooth where the browser batches them.
    const events = event.getCoalescedEvents?.() ?? [];
    for (const e of events.length > 0 ? events : [event]) {
      const p = point(e);
      line(last, p);
      last = p;
    }
    notify();
  };
  const up = (event: PointerEvent) => {
    if (event.pointerId !== activePointer) return;
    activePointer = undefined;
    last = undefined;
    notify();
  };

  paint();
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);

  return {
    clear() {
      paint();
      blank = true;
      last = undefined;
      notify();
    },
    imageData: () => ctx.getImageData(0, 0, canvas.width, canvas.height),
    get isBlank() {
      return blank;
    },
    destroy() {
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
      if (frame !== undefined) cancelAnimationFrame(frame);
    },
  };
}
