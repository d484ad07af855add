import type { ReactNode } from 'react';

interface ImagePaneProps {
  title: string;
  src: string | null;
  alt: string;
  children?: ReactNode;
  placeholder?: ReactNode;
}

/** One side of the comparison: a titled image and its figures. */
export function ImagePane({ title, src, alt, children, placeholder }: ImagePaneProps) {
  return (
    <figure className="pane" aria-label={title}>
      <div className="pane-title">{title}</div>
      <div className="pane-view">
        {src ? (
          <img src={src} alt={alt} draggable={false} />
        ) : (
          <div className="pane-empty">{placeholder}</div>
        )}
      </div>
      <figcaption className="pane-caption">{children}</figcaption>
    </figure>
  );
}
