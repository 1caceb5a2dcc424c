/**
 * The fonts of our PDFs: Tinos (Regular, Bold, Italic, Bold Italic), Google's font metric-compatible
 * with Times New Roman, full Vietnamese coverage, SIL Open Font License — the TTF files shipped by the
 * npm package @expo-google-fonts/tinos (no install script, nothing fetched at run time).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
export const PDF_FONTS = {
  regular: path.join(FONT_DIR, '400Regular', 'Tinos_400Regular.ttf'),
  bold: path.join(FONT_DIR, '700Bold', 'Tinos_700Bold.ttf'),
  italic: path.join(FONT_DIR, '400Regular_Italic', 'Tinos_400Regular_Italic.ttf'),
  boldItalic: path.join(FONT_DIR, '700Bold_Italic', 'Tinos_700Bold_Italic.ttf'),
};
