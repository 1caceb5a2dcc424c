/**
 * Tables that become cards on a phone (class `collapse-table`, styles.css): each cell shows its column's name
 * before its value (`td[data-label]`). Cells that carry no `data-label` of their own get the text of their column's
 * header (a one-row `thead`), so a page only adds the class. Runs over the document as it changes (React renders
 * tables in place); labels set by a page are never replaced.
 */
export function labelCardTables(root: ParentNode): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('table.collapse-table')) {
    const headRows = table.tHead?.rows;
    if (!headRows || headRows.length !== 1) continue;
    const names: string[] = [];
    for (const th of headRows[0].cells) for (let i = 0; i < th.colSpan; i++) names.push((th.textContent ?? '').replace(/[↕▲▼]/g, '').trim());
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          if (cell.colSpan === 1 && !cell.hasAttribute('data-label') && names[column]) cell.setAttribute('data-label', names[column]);
          column += cell.colSpan;
        }
      }
    }
  }
}

/** Labels the card tables now and whenever the page changes (once per animation frame at most). */
export function watchCardTables(root: HTMLElement): () => void {
  let pending = 0;
  const run = () => {
    pending = 0;
    labelCardTables(root);
  };
  const observer = new MutationObserver(() => {
    if (!pending) pending = requestAnimationFrame(run);
  });
  observer.observe(root, { childList: true, subtree: true });
  run();
  return () => {
    observer.disconnect();
    if (pending) cancelAnimationFrame(pending);
  };
}
