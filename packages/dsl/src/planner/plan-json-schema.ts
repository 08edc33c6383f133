/**
 * The JSON Schema of `Plan`, generated from `plan-schema.ts` by `z.toJSONSchema`: do not edit.
 * Regenerate with `UPDATE_GOLDEN=1 pnpm exec vitest run packages/dsl/src/planner/plan-schema.test.ts`
 * then `pnpm format`.
 */

/** The JSON Schema (draft 2020-12) of a `Plan`, as plain data. */
export const PLAN_JSON_SCHEMA: Readonly<Record<string, unknown>> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    version: {
      type: 'number',
      const: 2,
    },
    source: {
      type: 'string',
    },
    resource: {
      type: 'string',
      enum: ['orders', 'payments', 'refunds'],
    },
    kind: {
      type: 'string',
      enum: ['rest', 'export'],
    },
    timeField: {
      type: 'string',
    },
    range: {
      anyOf: [
        {
          type: 'object',
          properties: {
            start: {
              type: 'integer',
              minimum: -9007199254740991,
              maximum: 9007199254740991,
              description: 'an instant in UTC milliseconds',
            },
            end: {
              type: 'integer',
              minimum: -9007199254740991,
              maximum: 9007199254740991,
              description: 'an instant in UTC milliseconds',
            },
            startInclusive: {
              type: 'boolean',
            },
            endInclusive: {
              type: 'boolean',
            },
          },
          required: ['start', 'end', 'startInclusive', 'endInclusive'],
          additionalProperties: false,
        },
        {
          type: 'null',
        },
      ],
    },
    windows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          start: {
            type: 'integer',
            minimum: -9007199254740991,
            maximum: 9007199254740991,
            description: 'an instant in UTC milliseconds',
          },
          end: {
            type: 'integer',
            minimum: -9007199254740991,
            maximum: 9007199254740991,
            description: 'an instant in UTC milliseconds',
          },
          startInclusive: {
            type: 'boolean',
          },
          endInclusive: {
            type: 'boolean',
          },
        },
        required: ['start', 'end', 'startInclusive', 'endInclusive'],
        additionalProperties: false,
      },
    },
    requests: {
      type: 'array',
      items: {
        oneOf: [
          {
            type: 'object',
            properties: {
              kind: {
                type: 'string',
                const: 'rest',
              },
              method: {
                type: 'string',
                const: 'GET',
              },
              path: {
                type: 'string',
                description: 'the request path; {mId} stands for the merchant id',
              },
              query: {
                type: 'array',
                items: {
                  type: 'array',
                  prefixItems: [
                    {
                      type: 'string',
                    },
                    {
                      type: 'string',
                    },
                  ],
                  items: false,
                  minItems: 2,
                  maxItems: 2,
                },
                description: 'query parameters, in order',
              },
              window: {
                type: 'integer',
                minimum: 0,
                maximum: 9007199254740991,
                description: 'index into windows',
              },
              stream: {
                type: 'integer',
                minimum: 0,
                maximum: 9007199254740991,
              },
              filters: {
                type: 'array',
                items: {
                  oneOf: [
                    {
                      type: 'object',
                      properties: {
                        kind: {
                          type: 'string',
                          const: 'comparison',
                        },
                        field: {
                          type: 'string',
                        },
                        op: {
                          type: 'string',
                          enum: ['=', '!=', '>', '>=', '<', '<='],
                        },
                        value: {
                          type: ['string', 'number', 'boolean'],
                        },
                      },
                      required: ['kind', 'field', 'op', 'value'],
                      additionalProperties: false,
                    },
                    {
                      type: 'object',
                      properties: {
                        kind: {
                          type: 'string',
                          const: 'in',
                        },
                        field: {
                          type: 'string',
                        },
                        values: {
                          type: 'array',
                          items: {
                            type: ['string', 'number', 'boolean'],
                          },
                        },
                        negated: {
                          type: 'boolean',
                        },
                      },
                      required: ['kind', 'field', 'values', 'negated'],
                      additionalProperties: false,
                    },
                    {
                      type: 'object',
                      properties: {
                        kind: {
                          type: 'string',
                          const: 'isNull',
                        },
                        field: {
                          type: 'string',
                        },
                        negated: {
                          type: 'boolean',
                        },
                      },
                      required: ['kind', 'field', 'negated'],
                      additionalProperties: false,
                    },
                  ],
                },
                description: 'every filter= param as data, the window bounds first',
              },
              orderBy: {
                anyOf: [
                  {
                    type: 'object',
                    properties: {
                      field: {
                        type: 'string',
                      },
                      direction: {
                        type: 'string',
                        enum: ['asc', 'desc'],
                      },
                    },
                    required: ['field', 'direction'],
                    additionalProperties: false,
                  },
                  {
                    type: 'null',
                  },
                ],
              },
              pageLimit: {
                type: 'integer',
                exclusiveMinimum: 0,
                maximum: 9007199254740991,
              },
            },
            required: [
              'kind',
              'method',
              'path',
              'query',
              'window',
              'stream',
              'filters',
              'orderBy',
              'pageLimit',
            ],
            additionalProperties: false,
          },
          {
            type: 'object',
            properties: {
              kind: {
                type: 'string',
                const: 'export',
              },
              method: {
                type: 'string',
                const: 'POST',
              },
              path: {
                type: 'string',
                description: 'the request path; {mId} stands for the merchant id',
              },
              query: {
                type: 'array',
                items: {
                  type: 'array',
                  prefixItems: [
                    {
                      type: 'string',
                    },
                    {
                      type: 'string',
                    },
                  ],
                  items: false,
                  minItems: 2,
                  maxItems: 2,
                },
                description: 'query parameters, in order',
              },
              window: {
                type: 'integer',
                minimum: 0,
                maximum: 9007199254740991,
                description: 'index into windows',
              },
              stream: {
                type: 'integer',
                minimum: 0,
                maximum: 9007199254740991,
              },
              body: {
                type: 'object',
                properties: {
                  type: {
                    type: 'string',
                    enum: ['ORDERS', 'PAYMENTS'],
                  },
                  startTime: {
                    type: 'integer',
                    minimum: -9007199254740991,
                    maximum: 9007199254740991,
                    description: 'an instant in UTC milliseconds',
                  },
                  endTime: {
                    type: 'integer',
                    minimum: -9007199254740991,
                    maximum: 9007199254740991,
                    description: 'an instant in UTC milliseconds',
                  },
                },
                required: ['type', 'startTime', 'endTime'],
                additionalProperties: false,
              },
              type: {
                type: 'string',
                enum: ['ORDERS', 'PAYMENTS'],
              },
              startTime: {
                type: 'integer',
                minimum: -9007199254740991,
                maximum: 9007199254740991,
                description: 'an instant in UTC milliseconds',
              },
              endTime: {
                type: 'integer',
                minimum: -9007199254740991,
                maximum: 9007199254740991,
                description: 'an instant in UTC milliseconds',
              },
            },
            required: [
              'kind',
              'method',
              'path',
              'query',
              'window',
              'stream',
              'body',
              'type',
              'startTime',
              'endTime',
            ],
            additionalProperties: false,
          },
        ],
      },
    },
    residual: {
      anyOf: [
        {
          $ref: '#/$defs/Predicate',
        },
        {
          type: 'null',
        },
      ],
    },
    limit: {
      anyOf: [
        {
          type: 'integer',
          exclusiveMinimum: 0,
          maximum: 9007199254740991,
        },
        {
          type: 'null',
        },
      ],
    },
    orderBy: {
      anyOf: [
        {
          type: 'object',
          properties: {
            field: {
              type: 'string',
            },
            direction: {
              type: 'string',
              enum: ['asc', 'desc'],
            },
          },
          required: ['field', 'direction'],
          additionalProperties: false,
        },
        {
          type: 'null',
        },
      ],
    },
    pageSize: {
      type: 'integer',
      exclusiveMinimum: 0,
      maximum: 9007199254740991,
    },
    now: {
      type: 'integer',
      minimum: -9007199254740991,
      maximum: 9007199254740991,
      description: 'an instant in UTC milliseconds',
    },
    tz: {
      type: 'string',
    },
    warnings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: {
            type: 'string',
            enum: ['NO_TIME_BOUND', 'EMPTY_RANGE', 'CONTRADICTION'],
          },
          message: {
            type: 'string',
          },
        },
        required: ['code', 'message'],
        additionalProperties: false,
      },
    },
    select: {
      type: 'object',
      properties: {
        columns: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              field: {
                type: 'string',
              },
              path: {
                type: 'string',
              },
            },
            required: ['name', 'field', 'path'],
            additionalProperties: false,
          },
        },
      },
      required: ['columns'],
      additionalProperties: false,
    },
    aggregate: {
      type: 'object',
      properties: {
        groupBy: {
          type: 'array',
          items: {
            oneOf: [
              {
                type: 'object',
                properties: {
                  kind: {
                    type: 'string',
                    const: 'field',
                  },
                  key: {
                    type: 'string',
                  },
                  field: {
                    type: 'string',
                  },
                  path: {
                    type: 'string',
                  },
                  type: {
                    type: 'string',
                    enum: ['time', 'money', 'number', 'string', 'enum', 'boolean', 'id'],
                  },
                },
                required: ['kind', 'key', 'field', 'path', 'type'],
                additionalProperties: false,
              },
              {
                type: 'object',
                properties: {
                  kind: {
                    type: 'string',
                    const: 'bucket',
                  },
                  key: {
                    type: 'string',
                  },
                  unit: {
                    type: 'string',
                    enum: ['hour', 'day', 'week', 'month', 'year'],
                  },
                  field: {
                    type: 'string',
                  },
                  path: {
                    type: 'string',
                  },
                  weekStart: {
                    anyOf: [
                      {
                        type: 'string',
                        enum: [
                          'monday',
                          'tuesday',
                          'wednesday',
                          'thursday',
                          'friday',
                          'saturday',
                          'sunday',
                        ],
                      },
                      {
                        type: 'null',
                      },
                    ],
                  },
                },
                required: ['kind', 'key', 'unit', 'field', 'path', 'weekStart'],
                additionalProperties: false,
              },
            ],
          },
        },
        aggregates: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              key: {
                type: 'string',
              },
              fn: {
                type: 'string',
                enum: ['count', 'sum', 'avg', 'min', 'max'],
              },
              field: {
                type: ['string', 'null'],
              },
              path: {
                type: ['string', 'null'],
              },
              type: {
                anyOf: [
                  {
                    type: 'string',
                    enum: ['time', 'money', 'number', 'string', 'enum', 'boolean', 'id'],
                  },
                  {
                    type: 'null',
                  },
                ],
              },
              distinct: {
                type: 'boolean',
              },
            },
            required: ['key', 'fn', 'field', 'path', 'type', 'distinct'],
            additionalProperties: false,
          },
        },
        output: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              key: {
                type: 'string',
              },
            },
            required: ['name', 'key'],
            additionalProperties: false,
          },
        },
        having: {
          anyOf: [
            {
              $ref: '#/$defs/Predicate',
            },
            {
              type: 'null',
            },
          ],
        },
        orderBy: {
          anyOf: [
            {
              type: 'object',
              properties: {
                key: {
                  type: 'string',
                },
                direction: {
                  type: 'string',
                  enum: ['asc', 'desc'],
                },
              },
              required: ['key', 'direction'],
              additionalProperties: false,
            },
            {
              type: 'null',
            },
          ],
        },
        limit: {
          anyOf: [
            {
              type: 'integer',
              exclusiveMinimum: 0,
              maximum: 9007199254740991,
            },
            {
              type: 'null',
            },
          ],
        },
        tz: {
          type: 'string',
        },
      },
      required: ['groupBy', 'aggregates', 'output', 'having', 'orderBy', 'limit', 'tz'],
      additionalProperties: false,
    },
  },
  required: [
    'version',
    'source',
    'resource',
    'kind',
    'timeField',
    'range',
    'windows',
    'requests',
    'residual',
    'limit',
    'orderBy',
    'pageSize',
    'now',
    'tz',
    'warnings',
  ],
  additionalProperties: false,
  description: 'a cloverql plan: the Clover requests that answer a query',
  $defs: {
    Predicate: {
      oneOf: [
        {
          type: 'object',
          properties: {
            kind: {
              type: 'string',
              const: 'and',
            },
            operands: {
              type: 'array',
              items: {
                $ref: '#/$defs/Predicate',
              },
            },
          },
          required: ['kind', 'operands'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: {
            kind: {
              type: 'string',
              const: 'or',
            },
            operands: {
              type: 'array',
              items: {
                $ref: '#/$defs/Predicate',
              },
            },
          },
          required: ['kind', 'operands'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: {
            kind: {
              type: 'string',
              const: 'not',
            },
            operand: {
              $ref: '#/$defs/Predicate',
            },
          },
          required: ['kind', 'operand'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: {
            kind: {
              type: 'string',
              const: 'comparison',
            },
            field: {
              type: 'string',
            },
            op: {
              type: 'string',
              enum: ['=', '!=', '>', '>=', '<', '<='],
            },
            value: {
              type: ['string', 'number', 'boolean'],
            },
          },
          required: ['kind', 'field', 'op', 'value'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: {
            kind: {
              type: 'string',
              const: 'in',
            },
            field: {
              type: 'string',
            },
            values: {
              type: 'array',
              items: {
                type: ['string', 'number', 'boolean'],
              },
            },
            negated: {
              type: 'boolean',
            },
          },
          required: ['kind', 'field', 'values', 'negated'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: {
            kind: {
              type: 'string',
              const: 'isNull',
            },
            field: {
              type: 'string',
            },
            negated: {
              type: 'boolean',
            },
          },
          required: ['kind', 'field', 'negated'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: {
            kind: {
              type: 'string',
              const: 'constant',
            },
            value: {
              type: 'boolean',
            },
          },
          required: ['kind', 'value'],
          additionalProperties: false,
        },
      ],
    },
  },
};
