import type { Pages } from '../router';

export function signalPages(_pages: Pages): void {}
