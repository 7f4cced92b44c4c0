export interface GpuProbe {
  /** WebGL 2 is available (three.js needs it). */
  ok: boolean;
  /** A CPU rasteriser (SwiftShader, llvmpipe): every pixel costs, so draw fewer. */
  software: boolean;
  renderer: string;
  error: string | null;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render driver|microsoft basic/i;

/** Asks a throwaway canvas what WebGL this page can get, then gives the context back. */
export function probeGpu(doc: Document): GpuProbe {
  const canvas = doc.createElement('canvas');
  let gl: WebGL2RenderingContext | null = null;
  try {
    gl = canvas.getContext('webgl2');
  } catch (err) {
    return { ok: false, software: false, renderer: '', error: err instanceof Error ? err.message : String(err) };
  }
  if (!gl) {
    return { ok: false, software: false, renderer: '', error: 'this browser or its GPU settings give no WebGL 2 context' };
  }
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { ok: true, software: SOFTWARE.test(renderer), renderer, error: null };
}
