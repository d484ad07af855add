import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseApi } from './api/choose-host';
import { App } from './app/App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={chooseApi()} />
  </StrictMode>,
);
