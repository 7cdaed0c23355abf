export { ACAO } from './presets';
export { REST as REST_ } from './har';
