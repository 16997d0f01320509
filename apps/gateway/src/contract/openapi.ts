import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Where the OpenAPI document and Swagger UI are served. */
export const OPENAPI_JSON_PATH = 'openapi.json';
export const SWAGGER_UI_PATH = 'docs';

/** The gateway's OpenAPI 3 document, from the controllers' decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Beacon gateway')
    .setDescription(
      'The HTTP face of Beacon, the event backbone on which agencies fighting human trafficking share ' +
        'alerts and referrals. Every route needs a bearer token (a JWT issued by Beacon) unless marked ' +
        'otherwise. The event contract itself is the AsyncAPI document at /asyncapi.yaml.',
    )
    .setVersion('1.0.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Serves the document at `/openapi.json` and Swagger UI at `/docs`. Both are
 * public without a `@Public()` mark: Swagger registers them on the HTTP
 * server directly, outside Nest's router, so the global guard never runs
 * for them. They describe the API, not anyone's data.
 *
 * Call before the app initialises (bootstrapApp's `configure` hook): Nest
 * adds its catch-all "not found" handler at initialisation, and routes added
 * after it would never be reached.
 */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(SWAGGER_UI_PATH, app, buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Beacon gateway API',
  });
}
