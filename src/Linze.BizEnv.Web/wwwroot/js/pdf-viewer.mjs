// Renders the PDF named by #pdf-viewer's data-file with the portal's own copy of PDF.js (legacy build), one canvas
// per page, fitted to the width of the page. The file itself is served sandboxed; only this script reads it.
import * as pdfjs from '../lib/pdfjs/pdf.min.mjs';

const viewer = document.getElementById('pdf-viewer');
const status = document.getElementById('pdf-status');
pdfjs.GlobalWorkerOptions.workerSrc = viewer.dataset.worker;

function fail() {
    status.textContent = '无法在浏览器中显示此 PDF 文件，请点击“下载”，用本机的 PDF 阅读软件打开。';
    status.classList.remove('text-muted');
    status.classList.add('text-danger');
}

try {
    const pdf = await pdfjs.getDocument({
        url: viewer.dataset.file,
        cMapUrl: viewer.dataset.cmaps,
        cMapPacked: true,
        standardFontDataUrl: viewer.dataset.fonts,
        wasmUrl: viewer.dataset.wasm,
        isEvalSupported: false,
        // Glyphs drawn as paths: no font loaded from data the portal's policy (font-src 'self') would refuse.
        disableFontFace: true,
    }).promise;
    const ratio = window.devicePixelRatio || 1;
    for (let number = 1; number <= pdf.numPages; number++) {
        status.textContent = `共 ${pdf.numPages} 页，正在显示第 ${number} 页……`;
        const page = await pdf.getPage(number);
        const width = Math.min(viewer.clientWidth || 800, 1000);
        const scale = width / page.getViewport({ scale: 1 }).width;
        const viewport = page.getViewport({ scale: scale * ratio });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
        canvas.className = 'pdf-page';
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `第 ${number} 页`);
        viewer.append(canvas);
        await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
    }
    status.textContent = `共 ${pdf.numPages} 页`;
} catch {
    fail();
}
