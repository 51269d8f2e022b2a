// Test stand-in for @tarojs/components: each component renders the plain element its H5 build
// renders, so tests query by role and text as a person would. Taro-only props are dropped.
import { createElement, forwardRef, type HTMLAttributes, type ReactNode } from 'react';

type Props = HTMLAttributes<HTMLElement> & { children?: ReactNode; [taroOnly: string]: unknown };

const TARO_ONLY = new Set([
  'hoverClass',
  'hoverStartTime',
  'hoverStayTime',
  'hoverStopPropagation',
  'animation',
  'catchMove',
]);

function plain(tag: string, displayName: string) {
  const Component = forwardRef<HTMLElement, Props>(function TaroStandIn(props, ref) {
    const rest: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props)) if (!TARO_ONLY.has(key)) rest[key] = value;
    return createElement(tag, { ...rest, ref });
  });
  Component.displayName = displayName;
  return Component;
}

export const View = plain('div', 'View');
export const Text = plain('span', 'Text');
export const Button = plain('button', 'Button');
export const Image = plain('img', 'Image');
export const Input = plain('input', 'Input');
export const ScrollView = plain('div', 'ScrollView');
export const Block = plain('div', 'Block');
export const Canvas = plain('canvas', 'Canvas');
