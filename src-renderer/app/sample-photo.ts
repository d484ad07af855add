/**
 * The bundled sample photo: china.jpg, the colour-compression workflow's own. It ships with the
 * renderer (src-renderer/public/samples), so opening it needs nothing from the back end but
 * openImage.
 */
export const SAMPLE_PHOTO = {
  name: 'china.jpg',
  url: './samples/china.jpg',
  credit: 'china.jpg: scikit-learn sample image, CC BY 2.0, danielbuechele on Flickr',
  licenceUrl: 'https://creativecommons.org/licenses/by/2.0/',
} as const;

export async function fetchSamplePhoto(): Promise<File> {
  let response: Response;
  try {
    response = await fetch(SAMPLE_PHOTO.url);
  } catch {
    throw new Error('The sample photo could not be loaded.');
  }
  if (!response.ok) throw new Error('The sample photo is missing from this build of Palettize.');
  return new File([await response.blob()], SAMPLE_PHOTO.name, { type: 'image/jpeg' });
}
