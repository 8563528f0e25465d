import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a test run keeps its platform images (support/platform-image.ts); support/global-setup.ts removes them at its end. */
export const imageFolder = (run: string) => join(tmpdir(), `xt-images-${run}`);
export const imageDatabasePrefix = (run: string) => `xt_image_${run}_`;
