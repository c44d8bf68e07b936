// Part of META_EXAMPLES (meta-examples.ts): see there where these come from.

export const CONTACTS_EXAMPLES = {
  // messages/contacts-messages
  contacts: {
    messaging_product: 'whatsapp',
    to: '+16505551234',
    type: 'contacts',
    contacts: [
      {
        addresses: [
          {
            street: '1 Lucky Shrub Way',
            city: 'Menlo Park',
            state: 'CA',
            zip: '94025',
            country: 'United States',
            country_code: 'US',
            type: 'Office',
          },
          {
            street: '1 Hacker Way',
            city: 'Menlo Park',
            state: 'CA',
            zip: '94025',
            country: 'United States',
            country_code: 'US',
            type: 'Pop-Up',
          },
        ],
        birthday: '1999-01-23',
        emails: [
          {
            email: 'bjohnson@luckyshrub.com',
            type: 'Work',
          },
          {
            email: 'bjohnson@luckyshrubplants.com',
            type: 'Work (old)',
          },
        ],
        name: {
          formatted_name: 'Barbara J. Johnson',
          first_name: 'Barbara',
          last_name: 'Johnson',
          middle_name: 'Joana',
          suffix: 'Esq.',
          prefix: 'Dr.',
        },
        org: {
          company: 'Lucky Shrub',
          department: 'Legal',
          title: 'Lead Counsel',
        },
        phones: [
          {
            phone: '+16505559999',
            type: 'Landline',
          },
          {
            phone: '+19175559999',
            type: 'Mobile',
            wa_id: '19175559999',
          },
        ],
        urls: [
          {
            url: 'https://www.luckyshrub.com',
            type: 'Company',
          },
          {
            url: 'https://www.facebook.com/luckyshrubplants',
            type: 'Company (FB)',
          },
        ],
      },
    ],
  },
} as const;
