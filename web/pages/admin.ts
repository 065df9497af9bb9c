import type { Pages } from '../router';

export function adminPages(_pages: Pages): void {}
