import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseApi } from './api/choose-host';
import { App } from './app/App';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/compare.css';
import './styles/gallery.css';
import './styles/charts.css';
import './styles/dialogs.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={chooseApi()} />
  </StrictMode>,
);
