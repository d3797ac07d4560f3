import type { Config } from "tailwindcss";

// Loaded by Tailwind 4 through `@config` in src/app/globals.css; the theme lives here.
export default {
  content: ["./src/**/*.{ts,tsx}"],
  // No darkMode here: the `dark` variant is defined in globals.css (OS setting, or the admin's choice).
  theme: {
    extend: {
      fontFamily: {
        sans: ["var(--font-inter)", "ui-sans-serif", "system-ui", "sans-serif"],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
      },
      colors: {
        brand: { 50: "#eef6ff", 100: "#d9eaff", 500: "#2f6fed", 600: "#1f57cc", 700: "#1b47a3", 900: "#142d5e" },
      },
    },
  },
} satisfies Config;
