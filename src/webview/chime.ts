// The mention sound (setting tcpChat.sound): a short two-note chime made with Web Audio, no audio file.

type AudioCtor = new () => AudioContext;

let ctx: AudioContext | undefined;

/** Plays the chime; silently does nothing where Web Audio is missing or not allowed to start. */
export function playChime(): void {
  const Ctor = (window as unknown as { AudioContext?: AudioCtor }).AudioContext;
  if (!Ctor) return;
  try {
    ctx ??= new Ctor();
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const t = ctx.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const start = t + i * 0.09;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.15, start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.2);
    }
  } catch {
    // no sound is better than a broken panel
  }
}
