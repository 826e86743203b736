import { createRouter } from '../../lib/create-router.js';
import { serviceCtx } from '../../lib/service-context.js';
import { createChapter } from '../../services/chapters/create-chapter.js';
import { updateChapter } from '../../services/chapters/update-chapter.js';
import { createChapterRoute, updateChapterRoute } from './chapter-admin.routes.js';

export function chapterAdminRouter() {
  return createRouter()
    .openapi(createChapterRoute, async (c) => {
      const chapter = await createChapter(serviceCtx(c), c.req.valid('json'));
      c.header('Location', `/v1/chapters/${chapter.id}`);
      return c.json(chapter, 201);
    })
    .openapi(updateChapterRoute, async (c) => {
      const { chapterId } = c.req.valid('param');
      const chapter = await updateChapter(serviceCtx(c), { chapterId, patch: c.req.valid('json') });
      return c.json(chapter, 200);
    });
}
