// One calm look: system fonts (nothing fetched from the network), indigo accents, tabular figures for money.
import { createTheme } from '@mantine/core';
import { colorSchemeDark, colorSchemeLight, themeQuartz } from 'ag-grid-community';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
});

const gridBase = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 13,
  headerFontWeight: 600,
  accentColor: '#4c6ef5',
  wrapperBorderRadius: 8,
});

export const gridThemes = {
  light: gridBase.withPart(colorSchemeLight),
  dark: gridBase.withPart(colorSchemeDark),
};
