// Stand-in for the HTML/JS frontend (port 8080).
import { serve } from './lib.mjs';

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>Smart Teaching Assistant</title></head>
<body><h1>智能教学助手 / Smart Teaching Assistant</h1><p>frontend stand-in, served by demo/frontend.mjs</p></body></html>
`;
serve({ service: 'frontend', info: { backend_url: process.env.BACKEND_URL ?? null }, home: () => ({ type: 'text/html; charset=utf-8', body: page }) });
