import type { Pages } from '../router';

export function schoolPages(_pages: Pages): void {}
