// What the print screen decides without the shell: the file name offered
// for a document, and how a typeset page becomes an image.
import type { PrintRequest } from '../bindings/PrintRequest';

/** Pages drawn in the preview at first; the rest load on demand (a
 * thousand indicator sheets would otherwise fill the memory). */
export const PREVIEW_PAGES = 6;

/** File names keep to characters every file system takes. */
export function safeName(stem: string): string {
  return stem.replace(/[^\p{L}\p{N}.-]+/gu, '-').replace(/^-+|-+$/g, '') || 'accord';
}

/** The name a save dialog offers, e.g. "plan-MOJHA.pdf". */
export function pdfName(request: PrintRequest, label: (id: string) => string): string {
  switch (request.doc) {
    case 'indicators':
      if (request.org) return `${safeName(`indicators-${label(request.org)}`)}.pdf`;
      return request.ids.length === 1 ? 'indicator.pdf' : 'indicators.pdf';
    case 'recommendation':
      return `${safeName(`recommendation-${label(request.id)}`)}.pdf`;
    case 'plan':
      return `${safeName(`plan-${label(request.org)}`)}.pdf`;
    case 'pack':
      return 'meeting-pack.pdf';
  }
}

/** An SVG page as an image the strict content policy allows (data: only,
 * no inline markup in the page itself). */
export function svgUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
