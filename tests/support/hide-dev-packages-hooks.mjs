let hidden = new Set();

export function initialize(data) {
  hidden = new Set(data.hidden);
}

const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

export async function resolve(specifier, context, next) {
  if (!specifier.startsWith('.') && !specifier.startsWith('node:') && !specifier.startsWith('file:') && hidden.has(packageOf(specifier))) {
    const error = new Error(`Cannot find package '${packageOf(specifier)}' (a production install has no devDependencies)`);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}
