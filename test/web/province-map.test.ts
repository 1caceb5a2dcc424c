/**
 * The dashboard's map (web/src/components/UnitMap.tsx): every province the system knows, before and after
 * the 2025 reform, has a place, and every place lies on Vietnam's land (Natural Earth's outline), so a
 * mistyped coordinate (a swapped latitude and longitude, a digit off) fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROVINCES_BEFORE_2025, MERGED_2025, UNCHANGED_2025 } from '../../src/storage/seed/data/units.ts';
import { PROVINCE_CENTRES, MAP_SIZE, insideRing, project } from '../../web/src/lib/province-centres.ts';
import { VIETNAM_OUTLINE } from '../../web/src/lib/vietnam-outline.ts';

const onLand = (lat: number, lon: number) => VIETNAM_OUTLINE.some((ring) => insideRing(lon, lat, ring));

test('every province of 2024 and of 2026 has a place on the map, on land', () => {
  const codes = new Set([...PROVINCES_BEFORE_2025.map((p) => p.code), ...MERGED_2025.map((p) => p.code), ...UNCHANGED_2025]);
  assert.equal(PROVINCES_BEFORE_2025.length, 63);
  for (const code of codes) {
    const centre = PROVINCE_CENTRES[code];
    assert.ok(centre, `province ${code} has a place`);
    assert.ok(onLand(centre[0], centre[1]), `province ${code} (${centre.join(', ')}) lies on land`);
    const [x, y] = project(centre[0], centre[1]);
    assert.ok(x > 0 && y > 0 && x < MAP_SIZE[0] && y < MAP_SIZE[1], `province ${code} inside the frame`);
  }
  assert.deepEqual(Object.keys(PROVINCE_CENTRES).filter((c) => !codes.has(c)), [], 'no place for a province that does not exist');
});

test('the map is the right way up: Hà Giang north of Hà Nội north of Huế north of Hồ Chí Minh north of Cà Mau; Điện Biên the westmost', () => {
  const lat = (code: string) => PROVINCE_CENTRES[code][0];
  assert.ok(lat('02') > lat('01') && lat('01') > lat('46') && lat('46') > lat('79') && lat('79') > lat('96'));
  const west = Object.entries(PROVINCE_CENTRES).sort((a, b) => a[1][1] - b[1][1])[0][0];
  assert.equal(west, '11');
  // projected: north is up (smaller y), east is right
  assert.ok(project(lat('02'), 105)[1] < project(lat('96'), 105)[1]);
  assert.ok(project(16, 109)[0] > project(16, 104)[0]);
});

test('the ring test itself: a point in the sea and one in Laos are not on Vietnam\'s land', () => {
  assert.equal(onLand(12, 112), false); // South China Sea / Biển Đông
  assert.equal(onLand(18, 103), false); // Laos
  assert.equal(onLand(21.03, 105.85), true); // Hà Nội
});
