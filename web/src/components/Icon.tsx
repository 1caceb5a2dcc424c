/**
 * Small line icons drawn in SVG: an emoji (🔔, 🔒) shows as an empty box on office computers without a colour-emoji
 * font (older Windows, Linux), and these must read the same everywhere. Decorative: the text beside them says it all.
 */
const PATHS = {
  bell: 'M12 3a5 5 0 0 0-5 5v3.5c0 1.2-.5 2.4-1.3 3.3L5 16h14l-.7-1.2A4.9 4.9 0 0 1 17 11.5V8a5 5 0 0 0-5-5zm-2 15a2 2 0 0 0 4 0',
  lock: 'M7 11V8a5 5 0 0 1 10 0v3M6 11h12v9H6z',
} as const;

export function Icon({ name, size = '1em' }: { name: keyof typeof PATHS; size?: string }) {
  return (
    <svg className={`icon icon-${name}`} width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" style={{ verticalAlign: '-0.125em' }}>
      <path d={PATHS[name]} />
    </svg>
  );
}
